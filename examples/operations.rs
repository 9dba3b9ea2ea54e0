//! Prints the operations manifest (every operation's scope, group, method, route or
//! workflow, doc, argument and result schemas) as JSON, for `tools/gen_python_surface.py`
//! and `tools/gen_node_surface.py`.

fn main() {
    let manifest = vobiz_partner::ops::manifest();
    println!(
        "{}",
        serde_json::to_string_pretty(&manifest).expect("the manifest is JSON")
    );
}
