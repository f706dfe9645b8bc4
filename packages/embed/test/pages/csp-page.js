// The page's own script (no inline scripts under this policy): it uses the API once loaded.
window.seen = { ended: [] };
document.addEventListener('ringback:call-ended', (event) => window.seen.ended.push(event.detail));
