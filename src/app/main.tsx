import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { appStore } from '../ui/store';
import { probeAdapter } from './adapter';
import { keepHashInSync, restoreFromHash } from './url-sync';
import { startWorkerBridge } from './worker-bridge';
import { installTestHooks } from './test-hooks';
import { indexedDbRunStorage } from './run-store';
import { setRunStorage } from '../ui/store/history-slice';

// Boot order: restore the experiment from the link (before the first render, so the page
// never flashes defaults), then render, name the GPU, and start the training worker. The
// run history loads from IndexedDB meanwhile (it may fail: the page then says so).
async function boot() {
  setRunStorage(indexedDbRunStorage());
  void appStore.getState().loadHistory();
  const refused = await restoreFromHash(appStore, window.location.hash);
  keepHashInSync(appStore, refused);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  void probeAdapter(appStore);
  const bridge = startWorkerBridge(appStore);
  installTestHooks(appStore, window.location.search, bridge);
  // Leaving (or reloading) mid-run: keep the run as stopped. Its record is written at once;
  // the weights would arrive from the worker too late, so it goes without them.
  window.addEventListener('pagehide', () => appStore.getState().endRun());
}

void boot();
