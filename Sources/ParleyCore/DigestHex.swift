import Crypto

private let hexDigits = Array("0123456789abcdef")

extension Digest {
    /// Lowercase hexadecimal, as `sha256sum` prints it: how a deck's fingerprint is written in logs.
    public var hex: String { String(flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0xF)]] }) }
}
