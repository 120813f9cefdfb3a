import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Static files the central service serves under /monitor/; every path that is not a
    // file gets the fallback page and the app routes in the browser (docs/architecture.md).
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    // Absolute asset paths: the fallback page is served at every depth under /monitor/.
    paths: { base: '/monitor', relative: false },
  },
};

export default config;
