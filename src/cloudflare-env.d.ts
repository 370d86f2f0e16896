// Types `env` from 'cloudflare:test' (and cloudflare:workers) with the Worker's own bindings.
import type { Env as WorkerEnv } from './env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
  }
}
