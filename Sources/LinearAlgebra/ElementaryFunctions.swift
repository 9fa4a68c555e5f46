// ElementaryFunctions.swift — the few libm functions the module needs, without importing Foundation in
// every file.
import Foundation

@usableFromInline func atan2Double(_ y: Double, _ x: Double) -> Double { Foundation.atan2(y, x) }
@usableFromInline func cosDouble(_ x: Double) -> Double { Foundation.cos(x) }
@usableFromInline func sinDouble(_ x: Double) -> Double { Foundation.sin(x) }
@usableFromInline func logDouble(_ x: Double) -> Double { Foundation.log(x) }
