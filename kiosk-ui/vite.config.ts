import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev` only: the built kiosk is served by the device agent itself, so its calls go
// to its own origin. In development, vite forwards those paths to a running agent.
const agent = process.env.AGENT_URL ?? 'http://127.0.0.1:7070';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': agent, '/healthz': agent } },
});
