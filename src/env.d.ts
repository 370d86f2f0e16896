// Types `env` from 'cloudflare:test' with the Worker's own bindings.
declare namespace Cloudflare {
  interface Env extends import('./env').Env {}
}
