using System.Security.Claims;
using Rapport.Core.Common;

namespace Rapport.Server.Infrastructure;

/// <summary>The signed-in user of the current request (cookie or bearer token).</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? Id => Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsInRole(string role) => accessor.HttpContext?.User.IsInRole(role) == true;
}
