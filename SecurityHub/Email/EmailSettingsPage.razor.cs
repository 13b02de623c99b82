using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SecurityHub.Organization;

namespace SecurityHub.Email;

public partial class EmailSettingsPage
{
    private static readonly int[] pageSizes = [10, 20, 50, 100];
    private static readonly Dictionary<string, object> outboxTableAttributes = new() { ["aria-label"] = "Outbox messages" };

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private ClaimsPrincipal user = new();
    private EmailSettingsInput? input;
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private string? warning;
    private IReadOnlyList<OutboxEntry> messages = [];
    private bool saving;
    private bool queueing;

    // What is stored (not what is being typed): where mail goes right now.
    private string? savedHost;
    private int savedPort;
    private SmtpSecurity savedSecurity;

    protected override async Task OnInitializedAsync()
    {
        user = (await AuthenticationState).User;
        await LoadSettingsAsync();
        await LoadOutboxAsync();
    }

    private async Task LoadSettingsAsync()
    {
        // The password is write-only: it never comes back to the page.
        input = await Email.GetSettingsAsync(user);
        savedHost = string.IsNullOrWhiteSpace(input.SmtpHost) ? null : input.SmtpHost;
        savedPort = input.SmtpPort;
        savedSecurity = input.Security;
    }

    private async Task LoadOutboxAsync() => messages = await Email.ListOutboxAsync(user);

    private bool Has(string field) => errors.ContainsKey(field);

    private string? Message(string field) => errors.TryGetValue(field, out var message) ? message : null;

    /// <summary>A port still at the usual one for the old choice follows the new choice; a port someone typed stays.</summary>
    private void SecurityChanged(SmtpSecurity security)
    {
        if (input is null)
        {
            return;
        }
        if (input.SmtpPort == UsualPort(input.Security))
        {
            input.SmtpPort = UsualPort(security);
        }
        input.Security = security;
    }

    private static int UsualPort(SmtpSecurity security) => security switch
    {
        SmtpSecurity.ImplicitTls => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };

    private async Task SaveAsync()
    {
        if (saving || input is null)
        {
            return;
        }
        saving = true;
        try
        {
            var result = await Email.SaveSettingsAsync(user, input);
            errors = result.Errors;
            warning = result.Warning;
            if (result.Succeeded)
            {
                await LoadSettingsAsync();
                Snackbar.Add(savedHost is null
                    ? "Saved. No SMTP server is set: emails are saved to the pickup folder, not delivered."
                    : "Saved: the email settings are up to date.", Severity.Success);
            }
            else
            {
                // What was typed stays, so nothing is lost while a field is corrected.
                Snackbar.Add("Not saved: please correct the highlighted fields.", Severity.Error);
            }
        }
        finally
        {
            saving = false;
        }
    }

    private async Task SendTestAsync()
    {
        queueing = true;
        try
        {
            Report(await Email.QueueTestEmailAsync(user), savedHost is null
                ? "A test email to your own address is in the outbox. No SMTP server is set, so within a minute it is saved to the pickup folder, not delivered. Press Refresh to see it."
                : "A test email to your own address is in the outbox and goes out within a minute. Press Refresh to see how it went.");
            await LoadOutboxAsync();
        }
        finally
        {
            queueing = false;
        }
    }

    private async Task RetryAsync(OutboxEntry message)
    {
        Report(await Email.RetryNowAsync(user, message.Id), "The message goes out at the next relay run, within a minute.");
        await LoadOutboxAsync();
    }

    private void Report(SaveResult result, string success)
    {
        if (result.Succeeded)
        {
            Snackbar.Add(success, Severity.Success);
        }
        else
        {
            Snackbar.Add($"Not queued: {string.Join(" ", result.Errors.Values)}", Severity.Error);
        }
    }

    internal static (string Text, Color Color) Status(OutboxEntry m) => m.Status switch
    {
        OutboxStatus.Pending when m.Attempts > 0 => ("Retrying", Color.Warning),
        OutboxStatus.Pending => ("Queued", Color.Info),
        OutboxStatus.Sending => ("Sending", Color.Info),
        OutboxStatus.Sent => ("Sent", Color.Success),
        OutboxStatus.SavedToPickupFolder => ("Saved to the pickup folder, not delivered", Color.Warning),
        _ => ("Failed", Color.Error),
    };

    private static string When(OutboxEntry m) => m.Status switch
    {
        OutboxStatus.Pending => $"Next try {Format(m.NextAttemptUtc)}",
        OutboxStatus.Sent when m.SentUtc is { } sent => $"Sent {Format(sent)}",
        OutboxStatus.SavedToPickupFolder when m.SentUtc is { } saved => $"Saved {Format(saved)}",
        OutboxStatus.Failed when m.LastAttemptUtc is { } last => $"Last try {Format(last)}",
        _ => "",
    };

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
