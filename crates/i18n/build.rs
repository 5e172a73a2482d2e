// The Fluent files are embedded at compile time; tell cargo to rebuild when any
// of them changes or a new one appears (a directory watch covers additions).
fn main() {
    println!("cargo:rerun-if-changed=locales");
    for lang in ["en", "fr", "de", "ru", "es"] {
        println!("cargo:rerun-if-changed=locales/{lang}");
    }
}
