/// An image as 8-bit RGBA pixels, row by row.
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "RGBA buffer does not match the size")
        self.width = width; self.height = height; self.pixels = pixels
    }
}
