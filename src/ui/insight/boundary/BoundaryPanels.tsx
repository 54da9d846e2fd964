import { BoundaryView } from './BoundaryView';
import { NetworkView } from './NetworkView';

/** The 2-D views: the decision boundary over the plane and the network that draws it. */
export function BoundaryPanels() {
  return (
    <>
      <BoundaryView />
      <NetworkView />
    </>
  );
}
