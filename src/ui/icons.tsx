// Small stroke icons (inline SVG: no icon font, no missing glyphs).
const base = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

export const IconUp = () => <svg {...base}><path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" /></svg>;
export const IconDown = () => <svg {...base}><path d="M8 3v10M3.5 8.5 8 13l4.5-4.5" /></svg>;
export const IconCopy = () => <svg {...base}><rect x="5.5" y="5.5" width="8" height="8" rx="1.5" /><path d="M10.5 5.5V4A1.5 1.5 0 0 0 9 2.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5" /></svg>;
export const IconTrash = () => <svg {...base}><path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.2a1 1 0 0 0 1 .8h3.8a1 1 0 0 0 1-.8l.6-8.2" /></svg>;
export const IconGrip = () => <svg {...base} stroke="none" fill="currentColor"><circle cx="6" cy="4" r="1.2" /><circle cx="10" cy="4" r="1.2" /><circle cx="6" cy="8" r="1.2" /><circle cx="10" cy="8" r="1.2" /><circle cx="6" cy="12" r="1.2" /><circle cx="10" cy="12" r="1.2" /></svg>;
export const IconPlus = () => <svg {...base}><path d="M8 3.5v9M3.5 8h9" /></svg>;
export const IconMenu = () => <svg {...base}><path d="M2.5 4.5h11M2.5 8h11M2.5 11.5h11" /></svg>;
