// The kiosk UI is the only Svelte app; tools run from the repository root (ESLint, Prettier)
// read this file, so it points at the app's own config.
export { default } from './kiosk-ui/svelte.config.js';
