using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SecurityHub.Account;
using SecurityHub.Organization;

namespace SecurityHub.Team;

public partial class TeamPage
{
    private static readonly DialogOptions DialogSize = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private static readonly Dictionary<string, object> membersTableAttributes = new() { ["aria-label"] = "Team members" };

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private ClaimsPrincipal user = new();
    private string? myId;
    private bool isOwner;
    private IReadOnlyList<TeamMember>? members;
    private IReadOnlyList<PendingInvitation>? invitations;

    // What the buttons offer; the service checks each of these again.
    private bool CanChangeRole(TeamMember m) => isOwner && m.Id != myId;

    private bool CanResetTwoFactor(TeamMember m) => isOwner && m.Id != myId && m.TwoFactorEnabled;

    private bool CanDisable(TeamMember m) => m.Id != myId && (isOwner || m.Role == Roles.Staff);

    private static (string Text, Color Color) Status(TeamMember m) =>
        m.IsDisabled ? ("Disabled", Color.Error) : m.IsLockedOut ? ("Locked out", Color.Warning) : ("Active", Color.Success);

    protected override async Task OnInitializedAsync()
    {
        user = (await AuthenticationState).User;
        myId = user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        isOwner = user.IsInRole(Roles.Owner);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        members = await Team.ListMembersAsync(user);
        invitations = await Team.ListInvitationsAsync(user);
    }

    private async Task OpenInviteAsync()
    {
        var baseUrl = PublicAddress.BaseUrl();
        if (baseUrl is null)
        {
            Snackbar.Add("Invitation not sent: SecurityHub does not know its own address for the link. Set SecurityHub:PublicBaseUrl, or list this site's host in AllowedHosts.", Severity.Error);
            return;
        }
        var parameters = new DialogParameters<InviteDialog>
        {
            { d => d.User, user },
            { d => d.BaseUrl, baseUrl },
            { d => d.Roles, isOwner ? Roles.All : [Roles.Staff] },
        };
        var dialog = await Dialogs.ShowAsync<InviteDialog>("Invite someone", parameters, DialogSize);
        if (await dialog.Result is not { Canceled: false, Data: string email })
        {
            return;
        }
        if (await EmailRoute.IsPickupFolderAsync())
        {
            // Nobody receives it until an SMTP server is set: say so rather than "sent".
            Snackbar.Add($"Invitation saved to the pickup folder, not delivered. No email server is set up, so {email} gets nothing yet. An Owner can set up email on the Email page.",
                Severity.Warning, o => o.RequireInteraction = true);
        }
        else
        {
            Snackbar.Add($"Invitation sent: {email} will get an email with a link that works for 7 days.", Severity.Success);
        }
        await LoadAsync();
    }

    private async Task ChangeRoleAsync(TeamMember member)
    {
        var parameters = new DialogParameters<ChangeRoleDialog> { { d => d.Member, member } };
        var dialog = await Dialogs.ShowAsync<ChangeRoleDialog>($"Change the role of {member.Email}", parameters, DialogSize);
        if (await dialog.Result is not { Canceled: false, Data: string role } || role == member.Role)
        {
            return;
        }
        var result = await Team.ChangeRoleAsync(user, member.Id, role);
        Report(result, $"{member.Email} is now {(role == Roles.Owner ? "an" : "a")} {role}.");
        await LoadAsync();
    }

    private async Task SetDisabledAsync(TeamMember member, bool disabled)
    {
        if (disabled && !await ConfirmAsync("Disable account",
                $"Disable {member.Email}? They will be signed out everywhere within a minute and cannot sign in until enabled again.", "Disable"))
        {
            return;
        }
        var result = await Team.SetDisabledAsync(user, member.Id, disabled);
        Report(result, disabled ? $"{member.Email} is disabled and signed out." : $"{member.Email} can sign in again.");
        await LoadAsync();
    }

    private async Task ResetTwoFactorAsync(TeamMember member)
    {
        if (!await ConfirmAsync("Reset two-factor sign-in",
                $"Reset two-factor sign-in for {member.Email}? Their authenticator app, recovery codes and passkeys stop working, they are signed out, and they must set it up again at their next sign-in.", "Reset"))
        {
            return;
        }
        var result = await TwoFactor.ResetAsync(user, member.Id);
        Report(result, $"{member.Email} must set up two-factor sign-in again.");
        await LoadAsync();
    }

    private async Task RevokeAsync(PendingInvitation invitation)
    {
        var result = await Team.RevokeInvitationAsync(user, invitation.Id);
        Report(result, $"The invitation for {invitation.Email} no longer works.");
        await LoadAsync();
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions { Title = title, Message = message, YesText = yes, CancelText = "Cancel" }, DialogSize) == true;

    private void Report(SaveResult result, string success)
    {
        if (result.Succeeded)
        {
            Snackbar.Add(success, Severity.Success);
        }
        else
        {
            Snackbar.Add($"Not changed: {string.Join(" ", result.Errors.Values)}", Severity.Error);
        }
    }
}
