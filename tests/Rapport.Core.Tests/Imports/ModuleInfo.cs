// The module is named as the others are (a plural noun); Rapport is C# only, so Visual Basic's "Imports" keyword is no concern.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "C# only; the module is called Imports like its folder", Scope = "namespace", Target = "~N:Rapport.Core.Tests.Imports")]
