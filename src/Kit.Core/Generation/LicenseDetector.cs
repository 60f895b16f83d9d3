using System.Text.RegularExpressions;

namespace Kit.Core.Generation;

/// <summary>
/// Names the SPDX license of a license file from phrases that only that license's text contains. As in KitOps, a
/// license is reported only when exactly one is recognised.
/// </summary>
internal static partial class LicenseDetector
{
    /// <summary>A license and the phrases (lower case, single spaces) that identify it; <c>Unless</c> rules out look-alikes.</summary>
    private sealed record Rule(string Id, string[] AnyOf, string[] AllOf, string[] Unless);

    private static readonly Rule[] Rules =
    [
        new("Apache-2.0", ["apache license version 2.0, january 2004", "licensed under the apache license, version 2.0"], [], []),
        new("MIT", ["permission is hereby granted, free of charge, to any person obtaining a copy"],
            ["the above copyright notice and this permission notice shall be included"], []),
        new("BSD-3-Clause", ["redistribution and use in source and binary forms, with or without modification, are permitted"],
            ["neither the name of"], []),
        new("BSD-2-Clause", ["redistribution and use in source and binary forms, with or without modification, are permitted"], [],
            ["neither the name of", "may be used to endorse or promote"]),
        new("GPL-2.0", ["gnu general public license version 2, june 1991"], [], []),
        new("GPL-3.0", ["gnu general public license version 3, 29 june 2007"], [], []),
        new("LGPL-2.1", ["gnu lesser general public license version 2.1, february 1999"], [], []),
        new("LGPL-3.0", ["gnu lesser general public license version 3, 29 june 2007"], [], []),
        new("AGPL-3.0", ["gnu affero general public license version 3, 19 november 2007"], [], []),
        new("MPL-2.0", ["mozilla public license version 2.0", "mozilla public license, version 2.0", "mozilla public license, v. 2.0"], [], []),
        new("Unlicense", ["this is free and unencumbered software released into the public domain"], [], []),
        new("ISC", ["permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted"], [], []),
        new("BSL-1.0", ["boost software license - version 1.0"], [], []),
        new("CC0-1.0", ["cc0 1.0 universal"], [], []),
        new("CC-BY-4.0", ["creative commons attribution 4.0 international public license"], [], []),
        new("CC-BY-SA-4.0", ["creative commons attribution-sharealike 4.0 international public license"], [], []),
        new("CC-BY-NC-4.0", ["creative commons attribution-noncommercial 4.0 international public license"], [], []),
    ];

    /// <summary>The SPDX id of the license <paramref name="text"/> holds, or null when none or several are recognised.</summary>
    public static string? Detect(string text)
    {
        var normalized = Whitespace().Replace(text.ToLowerInvariant(), " ");
        var matches = Rules.Where(r =>
            r.AnyOf.Any(p => normalized.Contains(p, StringComparison.Ordinal))
            && r.AllOf.All(p => normalized.Contains(p, StringComparison.Ordinal))
            && !r.Unless.Any(p => normalized.Contains(p, StringComparison.Ordinal))).ToList();
        return matches.Count == 1 ? matches[0].Id : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
