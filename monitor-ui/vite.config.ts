import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev` only: the built app is served by the central service itself, so its calls go
// to its own origin. In development, vite forwards them to a running centre.
const centre = process.env.CENTRAL_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': centre } },
});
