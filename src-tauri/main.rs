// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's DMA-BUF renderer keeps GPU buffers for the page; without
    // it the window paints through shared memory, which idles smaller and
    // starts no slower (docs/ARCHITECTURE.md, "Start-up"). Set before GTK
    // starts, while the process has one thread; a value already in the
    // environment (=0 turns the renderer back on) is left as it is.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    alongside_lib::run();
}
