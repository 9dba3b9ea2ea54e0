//! Prints the error catalogue (`vobiz_partner::error_catalogue`) as JSON, the input of
//! `tools/gen_errors.py`:
//!
//! ```sh
//! cargo run -q -p vobiz-partner --example error_catalogue | python3 tools/gen_errors.py
//! ```

fn main() {
    println!("{}", vobiz_partner::error_catalogue::catalogue_json());
}
