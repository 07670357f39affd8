import Foundation

/// The path of a file in the Fixtures/ resources (small PNGs, good and damaged).
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}
