namespace Rapport.E2E.Tests;

/// <summary>The running test's cancellation token, under the name the shared mail helpers use.</summary>
public static class TestCancellation
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
