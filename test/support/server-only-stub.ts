// 'server-only' throws outside a React Server build; tests run server modules directly in Node.
export {};
