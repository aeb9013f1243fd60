using Rapport.Core.Reports;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>Users for arrange steps: a fresh user in a role (optionally a team) with a client signed in as them.</summary>
public static class TestUsers
{
    public static async Task<(HttpClient Client, Guid Id)> NewUserAsync(this RapportApp app, string role, Guid? team = null)
    {
        var client = app.ClientWithToken(await app.CreateUserWithTokenAsync("u-" + Guid.NewGuid().ToString("N")[..10], role));
        var id = await client.MeAsync();
        if (team is not null)
        {
            var admin = await app.AdminClientAsync();
            await (await admin.PutJsonAsync($"/api/v1/users/{id}/access", new Rapport.Core.Access.UserAccessInput([role], team, null)))
                .ShouldBeAsync(System.Net.HttpStatusCode.OK);
        }
        return (client, id);
    }

    /// <summary>Who a sharing test needs, each a fresh user in <paramref name="role"/>: the owner, a colleague the record
    /// is shared with to view, one to edit, and a stranger; <see cref="SharingCast.Shares"/> are those two grants.</summary>
    public static async Task<SharingCast> SharingCastAsync(this RapportApp app, string role)
    {
        var (owner, _) = await app.NewUserAsync(role);
        var (viewer, viewerId) = await app.NewUserAsync(role);
        var (editor, editorId) = await app.NewUserAsync(role);
        var (stranger, _) = await app.NewUserAsync(role);
        return new(owner, viewer, editor, stranger,
            [new(ShareKind.User, viewerId.ToString(), ReportAccess.View), new(ShareKind.User, editorId.ToString(), ReportAccess.Edit)]);
    }

    /// <summary>The id of the user a client is signed in as.</summary>
    public static async Task<Guid> MeAsync(this HttpClient client)
    {
        var me = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/account/me", Ct);
        return Guid.Parse(me!["id"]!.GetValue<string>());
    }
}

/// <summary>The people of a sharing test (see <see cref="TestUsers.SharingCastAsync"/>).</summary>
public sealed record SharingCast(HttpClient Owner, HttpClient Viewer, HttpClient Editor, HttpClient Stranger, IReadOnlyList<ReportShareDto> Shares);
