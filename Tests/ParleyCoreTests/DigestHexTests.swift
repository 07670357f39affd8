import Crypto
import Foundation
import Testing
@testable import ParleyCore

@Suite struct DigestHexTests {
    @Test func hexIsWhatSha256sumPrints() {
        #expect(SHA256.hash(data: Data()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(data: Data("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
