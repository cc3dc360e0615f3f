fn main() {
    // tauri-build only watches the default capabilities folder.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // Capabilities live beside the Rust sources rather than at the root.
    let attrs =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    if let Err(e) = tauri_build::try_build(attrs) {
        // A build script reports failure by panicking; this is the only way to
        // stop the build with the reason shown.
        panic!("tauri build step failed: {e:#}");
    }
}
