using Kit.Core.Generation;

namespace Kit.Core.Tests.Generation;

public sealed class LicenseDetectorTests
{
    private const string Mit = """
        MIT License

        Copyright (c) 2026 Someone

        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files (the "Software"), to deal
        in the Software without restriction.

        The above copyright notice and this permission notice shall be included in all
        copies or substantial portions of the Software.
        """;

    private const string Apache = """
                                         Apache License
                                   Version 2.0, January 2004
                                http://www.apache.org/licenses/
        """;

    private const string Bsd3 = """
        Redistribution and use in source and binary forms, with or without
        modification, are permitted provided that the following conditions are met:
        3. Neither the name of the copyright holder nor the names of its
           contributors may be used to endorse or promote products derived from
           this software without specific prior written permission.
        """;

    [Theory]
    [InlineData(Mit, "MIT")]
    [InlineData(Apache, "Apache-2.0")]
    [InlineData(Bsd3, "BSD-3-Clause")]
    [InlineData("GNU GENERAL PUBLIC LICENSE\n   Version 3, 29 June 2007\n ... GNU Affero General Public License ...", "GPL-3.0")]
    [InlineData("GNU LESSER GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007\n version 3 of the GNU General Public License", "LGPL-3.0")]
    public void Recognises_a_license_by_its_text(string text, string id) => Assert.Equal(id, LicenseDetector.Detect(text));

    [Theory]
    [InlineData("All rights reserved.")]
    [InlineData(Mit + "\n" + Apache)]
    public void Nothing_or_several_licenses_give_no_id(string text) => Assert.Null(LicenseDetector.Detect(text));
}
