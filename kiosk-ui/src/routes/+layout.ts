// The kiosk is a full-screen single-page app on one terminal: it renders in the browser
// only, which keeps every resident's data out of server memory and HTML. It is built as
// static files (one fallback page) that the device agent serves on its own port.
export const ssr = false;
export const prerender = false;
