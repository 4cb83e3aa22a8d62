//! Serves the minimal page: `weight-baseline <address> <site root>`; the browser files
//! are under <site root>/pkg (precompressed), the page is compressed on the fly.
use axum::routing::get;
use leptos::prelude::*;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

#[tokio::main]
async fn main() {
    // leptos_axum's route helpers do this; the bare renderer below needs it said.
    let _ = any_spawner::Executor::init_tokio();
    let mut args = std::env::args().skip(1);
    let addr: std::net::SocketAddr = args.next().expect("address").parse().expect("address");
    let site = args.next().expect("site root");
    let options = LeptosOptions::builder()
        .output_name("weight-baseline")
        .site_root(site.clone())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let page = leptos_axum::render_app_to_stream(move || weight_baseline::shell(options.clone()));
    let app = axum::Router::new()
        .route("/", get(move |req| page(req)))
        .nest_service("/pkg", ServeDir::new(format!("{site}/pkg")).precompressed_br().precompressed_gzip())
        .layer(CompressionLayer::new());
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
