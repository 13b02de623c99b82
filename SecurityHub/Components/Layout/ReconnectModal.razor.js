// Answers the reconnect events of blazor.web.js (.NET 10) for the dialog in ReconnectModal.razor.
const modal = document.getElementById('components-reconnect-modal');

if (modal) {
    modal.addEventListener('components-reconnect-state-changed', (event) => {
        switch (event.detail.state) {
            case 'show':
            case 'paused':
                if (!modal.open) {
                    modal.showModal();
                }
                break;
            case 'hide':
                modal.close();
                break;
            case 'failed':
                // Try again by itself when the person comes back to the tab.
                document.addEventListener('visibilitychange', retryWhenVisible);
                break;
            case 'rejected':
                // The server no longer knows this circuit: a fresh page is the only way on.
                location.reload();
                break;
        }
    });

    document.getElementById('components-reconnect-button')?.addEventListener('click', retry);
    document.getElementById('components-resume-button')?.addEventListener('click', resume);
    document.getElementById('components-reload-button')?.addEventListener('click', () => location.reload());
}

async function retry() {
    document.removeEventListener('visibilitychange', retryWhenVisible);
    try {
        // true: reconnected; false: the server answered but dropped the circuit; a throw: not reachable.
        if (!(await Blazor.reconnect())) {
            await resume();
        }
    } catch {
        document.addEventListener('visibilitychange', retryWhenVisible);
    }
}

async function resume() {
    try {
        if (await Blazor.resumeCircuit()) {
            modal.close();
        } else {
            location.reload();
        }
    } catch {
        modal.classList.replace('components-reconnect-paused', 'components-reconnect-resume-failed');
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === 'visible') {
        await retry();
    }
}
