import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { appStore } from '../ui/store';
import { probeAdapter } from './adapter';
import { keepHashInSync, restoreFromHash } from './url-sync';
import { startWorkerBridge } from './worker-bridge';
import { installTestHooks } from './test-hooks';

// Boot order: restore the experiment from the link (before the first render, so the page
// never flashes defaults), then render, name the GPU, and start the training worker.
async function boot() {
  await restoreFromHash(appStore, window.location.hash);
  keepHashInSync(appStore);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  void probeAdapter(appStore);
  const bridge = startWorkerBridge(appStore);
  installTestHooks(appStore, window.location.search, bridge);
}

void boot();
