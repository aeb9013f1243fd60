using Rapport.Core.Privacy.Requests;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Privacy;

/// <summary>The access / portability ZIP of a request for the API and the request's page alike: started here (checked
/// and the request moved on within the caller's own request), made in the background as the caller
/// (<see cref="SubjectExportRuns"/>), its progress watched by any agent who may work requests (privacy.manage).</summary>
public sealed class SubjectExports(SubjectExportRuns runs, SubjectRequestService requests, ICurrentUser user, CircuitCaller circuit, IHttpContextAccessor http)
{
    /// <summary>Starts making the ZIP; answers the request as it is now (moved on to in progress), with its new version.</summary>
    public Task<SubjectRequestDto> StartAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.PrivacyManage);
        var (principal, access) = circuit.IsSet ? circuit.Caller
            : http.HttpContext is { } context ? (context.User, context.Features.Get<UserAccess>() ?? UserAccess.Nobody)
            : throw new InvalidOperationException("A subject-access ZIP needs a signed-in caller.");
        // The audit entry of the ZIP names where the agent asked from, as it did when the ZIP was made in the request.
        var info = new CircuitInfo { IpAddress = user.IpAddress, UserAgent = user.UserAgent };
        return runs.StartAsync(id, principal, access, info, () => requests.BeginExportAsync(id, expectedVersion, ct));
    }

    /// <summary>How far the request's ZIP is, and its download once there is one.</summary>
    public Task<SubjectExportRunDto> ProgressAsync(Guid id, CancellationToken ct) => runs.ProgressAsync(id, async () =>
    {
        var request = await requests.GetAsync(id, ct);
        user.Require(Permissions.PrivacyManage);
        return request;
    });
}
