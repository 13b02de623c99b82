namespace SecurityHub.Team;

public static class TeamExtensions
{
    /// <summary>The Team page's service: invitations, roles, disabling.</summary>
    public static void AddTeam(this IHostApplicationBuilder builder) => builder.Services.AddScoped<TeamService>();
}
