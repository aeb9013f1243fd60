// What every test uses.
global using Xunit;
