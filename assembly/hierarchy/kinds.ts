// Reference kinds, as trace records carry them (4 bits of a record).
// The first three double as the per-level statistics index.
export const KIND_I: i32 = 0; // instruction fetch
export const KIND_R: i32 = 1; // data read (Lackey L)
export const KIND_W: i32 = 2; // data write (Lackey S)
export const KIND_M: i32 = 3; // modify: a read then a write of the same bytes (Lackey M)
export const KIND_FLUSH: i32 = 4; // write back and invalidate every cache (din label 4)
export const KIND_COUNT: i32 = 5;
