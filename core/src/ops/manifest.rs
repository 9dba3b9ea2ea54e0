//! The operations described for the binding generators: one JSON document with every
//! operation (scope, group, method, route or workflow, doc, arguments, result) and the
//! schemas of the types they use, written by `cargo run -p vobiz-partner --example
//! operations` and read by `tools/gen_python_surface.py` and `tools/gen_node_surface.py`.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::{OperationKind, clean_doc, operations};

/// The manifest. Arguments are described as the SDK accepts them (deserialisation), results
/// as it produces them (serialisation); nested types are `$ref`s into `args_defs` and
/// `result_defs` respectively. Keys are sorted and operations are in declaration order, so
/// the output is stable.
pub fn manifest() -> Value {
    let mut args_gen = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with(|s| s.definitions_path = "#/args_defs/".into())
        .into_generator();
    let mut result_gen = SchemaSettings::draft2020_12()
        .for_serialize()
        .with(|s| s.definitions_path = "#/result_defs/".into())
        .into_generator();
    let ops: Vec<Value> = operations()
        .map(|op| {
            let args = (op.args)(&mut args_gen).to_json();
            let result = (op.result)(&mut result_gen);
            json!({
                "name": op.name,
                "scope": op.scope,
                "group": op.group,
                "method": op.method,
                "kind": match op.kind {
                    OperationKind::Call if op.table => "table",
                    OperationKind::Call => "call",
                    OperationKind::List => "list",
                },
                "route": op.route.map(|(method, path)| json!({"method": method, "path": path})),
                "workflow": op.workflow,
                "doc": clean_doc(op.doc),
                "args": args,
                "result": result,
            })
        })
        .collect();
    json!({
        "title": "vobiz-partner operations",
        "operations": ops,
        "args_defs": args_gen.take_definitions(true),
        "result_defs": result_gen.take_definitions(true),
    })
}
