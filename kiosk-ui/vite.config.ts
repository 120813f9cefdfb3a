import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

// `npm run dev` only: the built kiosk is served by the device agent itself, so its calls go
// to its own origin. In development, vite forwards those paths to a running agent.
const agent = process.env.AGENT_URL ?? 'http://127.0.0.1:7070';

/**
 * V8's explicit compile hint on every script: its functions are compiled as the file loads
 * rather than lazily inside the first tap that calls them, about 40 % of what a screen's first
 * showing cost over its later ones (docs/benchmarks.md, "Kiosk in the browser").
 */
const compileEagerly: Plugin = {
  name: 'kiosk-compile-eagerly',
  apply: 'build',
  enforce: 'post',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type === 'chunk') file.code = `//# allFunctionsCalledOnLoad\n${file.code}`;
    }
  },
};

export default defineConfig({
  plugins: [sveltekit(), compileEagerly],
  server: { proxy: { '/api': agent, '/healthz': agent } },
});
