// What most rule tests use.
global using Rapport.Core.Common;
global using Xunit;
