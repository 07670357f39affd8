import Foundation
import Testing

#if os(Linux)
/// The shared libraries the built `parley` loads (ldd is Linux's; macOS would need otool).
@Suite struct LinkageTests {
    /// libpng is only the reference the PNG decoder is tested against (PNGReference), never shipped.
    @Test func parleyDoesNotLinkLibPNG() throws {
        let ldd = try Program.runWithStatus(["ldd", ParleyBuild.binary])
        // The libraries parley does need are listed: an ldd that printed nothing would pass the check below.
        #expect(ldd.status == 0 && ldd.output.contains("libdeflate") && ldd.output.contains("libncursesw"), "\(ldd.error)")
        #expect(!ldd.output.lowercased().contains("png"), "\(ldd.output)")
    }
}
#endif
