import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * The console, built into .build/admin and served by the server at /admin.
 * `npm run dev` serves it here with hot reload, sending /api to the server.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: '../.build/admin',
    emptyOutDir: true,
    // the first screen stays small: each screen is its own chunk (router.tsx), the editor and antd's heavy parts load with theirs
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
    // bench/console-size.ts reads it to weigh each screen's first load
    manifest: true,
  },
  server: {
    port: Number(process.env.ADMIN_DEV_PORT ?? 5173),
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
})
