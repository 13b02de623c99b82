using System.Security.Claims;
using SecurityHub.Data;

namespace SecurityHub.Components.Shared;

/// <summary>
/// The theme of one page (one circuit): the person's stored choice and what the browser says the
/// operating system prefers. "system" follows the operating system until the person picks light or dark;
/// that choice is then kept for them, whatever the system does.
/// </summary>
public sealed class ThemeState(UserPreferences preferences)
{
    private ClaimsPrincipal? _user;

    /// <summary>"system", "light" or "dark".</summary>
    public string Choice { get; private set; } = UserThemes.System;

    /// <summary>Whether the operating system asks for dark; null until the browser has told us.</summary>
    public bool? SystemPrefersDark { get; private set; }

    public bool FollowsSystem => Choice == UserThemes.System;

    /// <summary>The theme shown now.</summary>
    public bool IsDark => Choice == UserThemes.Dark || (FollowsSystem && SystemPrefersDark == true);

    /// <summary>Raised after the choice or the system's preference changed.</summary>
    public event Func<Task>? Changed;

    public async Task LoadAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        _user = user;
        Choice = await preferences.GetThemeAsync(user, cancellationToken);
    }

    /// <summary>What the browser reported for the operating system (at start and whenever it changes).</summary>
    public Task SystemPreferenceAsync(bool prefersDark)
    {
        if (SystemPrefersDark == prefersDark)
        {
            return Task.CompletedTask;
        }
        SystemPrefersDark = prefersDark;
        return RaiseAsync();
    }

    /// <summary>The person picks "light", "dark" or "system"; the choice is stored for them.</summary>
    public async Task ChooseAsync(string choice)
    {
        if (!UserThemes.IsKnown(choice) || choice == Choice)
        {
            return;
        }
        Choice = choice;
        await RaiseAsync();
        if (_user is not null)
        {
            await preferences.SetThemeAsync(_user, choice);
        }
    }

    /// <summary>Picks the opposite of what is shown now (a stored choice from then on).</summary>
    public Task ToggleAsync() => ChooseAsync(IsDark ? UserThemes.Light : UserThemes.Dark);

    private async Task RaiseAsync()
    {
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                await handler();
            }
        }
    }
}
