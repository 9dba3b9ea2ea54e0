//! Prints the JSON Schemas of the core's response models (one document, `$defs` keyed by
//! Rust type name), the input of `tools/gen_models.py`:
//!
//! ```sh
//! cargo run -q -p vobiz-partner --example model_schemas | python3 tools/gen_models.py
//! ```

fn main() {
    let schemas = vobiz_partner::schema::model_schemas();
    let text = serde_json::to_string_pretty(&schemas).expect("a JSON value always serialises");
    println!("{text}");
}
