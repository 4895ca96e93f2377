//! The page's files, embedded in the binary with `include_str!` (no
//! filesystem access at run time, so no path traversal, and no request
//! leaves the machine): our HTML/JS/CSS and the vendored Apache ECharts
//! 6.1.0 (`assets/vendor/echarts-6.1.0/`, Apache-2.0, see its README.md).

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The vendored ECharts build (`dist/echarts.min.js` of npm `echarts@6.1.0`).
const ECHARTS: &str = include_str!("../assets/vendor/echarts-6.1.0/echarts.min.js");
/// ECharts' licence (Apache-2.0, with its d3 subcomponent note) and NOTICE, served beside it.
const ECHARTS_LICENSE: &str = concat!(
    include_str!("../assets/vendor/echarts-6.1.0/LICENSE"),
    "\n\n",
    include_str!("../assets/vendor/echarts-6.1.0/NOTICE"),
    "\n\n--- licenses/LICENSE-d3 ---\n\n",
    include_str!("../assets/vendor/echarts-6.1.0/LICENSE-d3"),
);

/// The asset routes: `/`, `/app.js`, `/app.css`, `/vendor/echarts.min.js`,
/// `/vendor/echarts-LICENSE.txt`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", include_str!("../assets/index.html"), false) }))
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../assets/app.js"), false) }),
        )
        .route("/app.css", get(|| async { asset("text/css; charset=utf-8", include_str!("../assets/app.css"), false) }))
        .route("/vendor/echarts.min.js", get(|| async { asset("text/javascript; charset=utf-8", ECHARTS, true) }))
        .route(
            "/vendor/echarts-LICENSE.txt",
            get(|| async { asset("text/plain; charset=utf-8", ECHARTS_LICENSE, true) }),
        )
}

/// An embedded file with its type, `nosniff`, the page's CSP (scripts and
/// connections to this origin only), and a day of caching for vendored files.
fn asset(ctype: &'static str, body: &'static str, cache: bool) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
        ),
    );
    if cache {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    }
    r
}
