// Rendered in the browser only: built as static files (one fallback page) that the central
// service serves under /monitor/, and every figure comes from its session-scoped API.
export const ssr = false;
export const prerender = false;
