/** @type {import('next').NextConfig} */
const nextConfig = {
  // DuckDB is a native addon: keep it out of the server bundle and load it from node_modules.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
