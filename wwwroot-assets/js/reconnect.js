// Wires the reconnect dialog's buttons (the CSP forbids inline handlers). ASP.NET Core 9's
// blazor.web.js toggles components-reconnect-show/-failed/-rejected on #components-reconnect-modal.
(() => {
    document.addEventListener('click', (event) => {
        const target = event.target;
        if (!(target instanceof HTMLElement)) {
            return;
        }
        if (target.id === 'components-reconnect-retry') {
            if (window.Blazor && typeof window.Blazor.reconnect === 'function') {
                window.Blazor.reconnect().then((ok) => { if (!ok) { location.reload(); } });
            } else {
                location.reload();
            }
        } else if (target.id === 'components-reconnect-reload') {
            location.reload();
        }
    });
})();
