// CPython 3.11's opcode numbers (opcode.opmap) for the instructions memsim's
// front end emits, and their stack effects (compile.c's stack_effect), also
// of the pseudo-instructions the assembler removes (SETUP_FINALLY,
// SETUP_CLEANUP, SETUP_WITH, POP_BLOCK: the exception table replaces them).

export const OPCODES: Record<string, number> = {
  CACHE: 0, POP_TOP: 1, PUSH_NULL: 2, NOP: 9, UNARY_POSITIVE: 10, UNARY_NEGATIVE: 11, UNARY_NOT: 12, UNARY_INVERT: 15,
  BINARY_SUBSCR: 25, STORE_SUBSCR: 60, DELETE_SUBSCR: 61, GET_ITER: 68, GET_YIELD_FROM_ITER: 69, LOAD_BUILD_CLASS: 71, RETURN_GENERATOR: 75,
  LIST_TO_TUPLE: 82, RETURN_VALUE: 83, YIELD_VALUE: 86, STORE_NAME: 90, DELETE_NAME: 91, UNPACK_SEQUENCE: 92, FOR_ITER: 93, UNPACK_EX: 94,
  STORE_ATTR: 95, DELETE_ATTR: 96, STORE_GLOBAL: 97, DELETE_GLOBAL: 98, SWAP: 99, LOAD_CONST: 100, LOAD_NAME: 101,
  BUILD_TUPLE: 102, BUILD_LIST: 103, BUILD_SET: 104, BUILD_MAP: 105, LOAD_ATTR: 106, COMPARE_OP: 107, IMPORT_NAME: 108, IMPORT_FROM: 109,
  JUMP_FORWARD: 110, JUMP_IF_FALSE_OR_POP: 111, JUMP_IF_TRUE_OR_POP: 112, POP_JUMP_FORWARD_IF_FALSE: 114,
  POP_JUMP_FORWARD_IF_TRUE: 115, LOAD_GLOBAL: 116, IS_OP: 117, CONTAINS_OP: 118, COPY: 120, BINARY_OP: 122, SEND: 123,
  LOAD_FAST: 124, STORE_FAST: 125, DELETE_FAST: 126, POP_JUMP_FORWARD_IF_NOT_NONE: 128, POP_JUMP_FORWARD_IF_NONE: 129,
  MAKE_FUNCTION: 132, BUILD_SLICE: 133, JUMP_BACKWARD_NO_INTERRUPT: 134, MAKE_CELL: 135, LOAD_CLOSURE: 136, LOAD_DEREF: 137, STORE_DEREF: 138,
  DELETE_DEREF: 139, JUMP_BACKWARD: 140, COPY_FREE_VARS: 149, RESUME: 151, LOAD_CLASSDEREF: 148, FORMAT_VALUE: 155,
  BUILD_CONST_KEY_MAP: 156, BUILD_STRING: 157, LOAD_METHOD: 160, LIST_EXTEND: 162, SET_UPDATE: 163, DICT_UPDATE: 165,
  PRECALL: 166, CALL: 171, KW_NAMES: 172, CALL_FUNCTION_EX: 142, DICT_MERGE: 164, POP_JUMP_BACKWARD_IF_NOT_NONE: 173, POP_JUMP_BACKWARD_IF_NONE: 174,
  POP_JUMP_BACKWARD_IF_FALSE: 175, POP_JUMP_BACKWARD_IF_TRUE: 176, LIST_APPEND: 145, SET_ADD: 146, MAP_ADD: 147,
  PUSH_EXC_INFO: 35, BEFORE_WITH: 53, WITH_EXCEPT_START: 49, CHECK_EXC_MATCH: 36, LOAD_ASSERTION_ERROR: 74, POP_EXCEPT: 89, RERAISE: 119, RAISE_VARARGS: 130,
};

export const OPNAMES: Record<number, string> = Object.fromEntries(Object.entries(OPCODES).map(([k, v]) => [v, k]));

/** Instructions whose oparg is an absolute instruction index in memsim's encoding. */
export const JUMPS = new Set([
  "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP", "POP_JUMP_FORWARD_IF_FALSE",
  "POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "POP_JUMP_FORWARD_IF_NONE",
  "POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE", "FOR_ITER", "SEND",
  "JUMP_BACKWARD_NO_INTERRUPT",
]);

/** compile.c's stack_effect(opcode, oparg, jump) for the compiler's (pseudo-)instructions. */
export function stackEffect(op: string, oparg: number, jump: boolean): number {
  switch (op) {
    case "NOP": case "RESUME": case "SWAP": case "UNARY_POSITIVE": case "UNARY_NEGATIVE": case "UNARY_NOT": case "UNARY_INVERT":
    case "GET_ITER": case "LOAD_ATTR": case "LIST_TO_TUPLE": case "KW_NAMES": case "MAKE_CELL": case "COPY_FREE_VARS":
    case "RETURN_GENERATOR": case "YIELD_VALUE": case "DELETE_NAME": case "DELETE_FAST": case "DELETE_GLOBAL": case "DELETE_DEREF":
    case "JUMP": case "JUMP_FORWARD": case "JUMP_BACKWARD": case "CHECK_EXC_MATCH": case "POP_BLOCK":
    case "GET_YIELD_FROM_ITER": case "JUMP_NO_INTERRUPT": case "JUMP_BACKWARD_NO_INTERRUPT":
      return 0;
    case "POP_TOP": case "BINARY_OP": case "COMPARE_OP": case "IS_OP": case "CONTAINS_OP": case "BINARY_SUBSCR":
    case "STORE_NAME": case "STORE_FAST": case "STORE_GLOBAL": case "STORE_DEREF": case "DELETE_ATTR": case "RETURN_VALUE":
    case "LIST_APPEND": case "SET_ADD": case "LIST_EXTEND": case "SET_UPDATE": case "DICT_UPDATE": case "DICT_MERGE": case "IMPORT_NAME": case "CALL":
    case "POP_EXCEPT": case "RERAISE":
    case "POP_JUMP_IF_FALSE": case "POP_JUMP_IF_TRUE": case "POP_JUMP_IF_NONE": case "POP_JUMP_IF_NOT_NONE":
      return -1;
    case "PUSH_NULL": case "COPY": case "LOAD_CONST": case "LOAD_NAME": case "LOAD_FAST": case "LOAD_DEREF": case "LOAD_CLASSDEREF":
    case "LOAD_CLOSURE": case "LOAD_METHOD": case "LOAD_BUILD_CLASS": case "PUSH_EXC_INFO": case "LOAD_ASSERTION_ERROR":
    case "IMPORT_FROM": case "BEFORE_WITH": case "WITH_EXCEPT_START":
      return 1;
    case "LOAD_GLOBAL": return (oparg & 1) + 1;
    case "STORE_SUBSCR": return -3;
    case "DELETE_SUBSCR": case "STORE_ATTR": case "MAP_ADD": return -2;
    case "BUILD_SLICE": return oparg === 3 ? -2 : -1;
    case "BUILD_TUPLE": case "BUILD_LIST": case "BUILD_SET": case "BUILD_STRING": return 1 - oparg;
    case "BUILD_MAP": return 1 - 2 * oparg;
    case "BUILD_CONST_KEY_MAP": return -oparg;
    case "FORMAT_VALUE": return (oparg & 4) === 4 ? -1 : 0;
    case "UNPACK_SEQUENCE": return oparg - 1;
    case "UNPACK_EX": return (oparg & 0xff) + (oparg >> 8);
    case "FOR_ITER": return jump ? -1 : 1;
    // the value sent popped; at the end the subiterator replaced by its return value
    case "SEND": return jump ? -1 : 0;
    case "JUMP_IF_FALSE_OR_POP": case "JUMP_IF_TRUE_OR_POP": return jump ? 0 : -1;
    case "PRECALL": return -oparg;
    case "RAISE_VARARGS": return -oparg;
    // pseudo-instructions: nothing in the normal flow; the handler gets the exception (and lasti for SETUP_CLEANUP) pushed
    case "SETUP_FINALLY": return jump ? 1 : 0;
    case "SETUP_CLEANUP": return jump ? 2 : 0;
    // BEFORE_WITH's two values are cut to __exit__, then lasti and the exception
    case "SETUP_WITH": return jump ? 1 : 0;
    case "CALL_FUNCTION_EX": return -2 - (oparg & 1);
    case "MAKE_FUNCTION": return -((oparg & 1 ? 1 : 0) + (oparg & 2 ? 1 : 0) + (oparg & 4 ? 1 : 0) + (oparg & 8 ? 1 : 0));
  }
  throw new Error(`no stack effect for ${op}`);
}
