// The kiosk is a full-screen single-page app on one terminal: it renders in the browser
// only, which keeps every resident's data out of server memory and HTML.
export const ssr = false;
export const prerender = false;
