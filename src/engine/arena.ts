// A float32 arena in one WebAssembly.Memory: kernels and JS address tensors by byte offset into it.
// Allocation bumps a top pointer and reuses freed blocks first-fit (neighbours coalesce); the memory
// grows on demand. Growing replaces (unshared) or extends (shared) the buffer, so views are made per use.

const PAGE_BYTES = 65536;
/** Cache-line alignment: SIMD rows never straddle a line at their start, and threads' blocks never share one. */
const ALIGN = 64;
/** Offset 0 stays unused so that a zero pointer is always a bug. */
const FIRST_PTR = ALIGN;

export interface ArenaOptions {
  /** Bytes to start with (rounded up to 64 KiB pages). Default 16 MiB. */
  initialBytes?: number;
  /** Hard limit on growth. Default 1 GiB; at most 4 GiB (wasm32). */
  maximumBytes?: number;
  /** A shared memory (SharedArrayBuffer) that worker threads can use too. Default: shared when available. */
  shared?: boolean;
}

interface Block {
  ptr: number;
  size: number;
}

/** True where shared WebAssembly memories can be made (Node; browsers only when cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  private readonly maximumPages: number;
  private top = FIRST_PTR;
  /** Free blocks below `top`, sorted by ptr, never adjacent to each other (they are merged). */
  private readonly freeBlocks: Block[] = [];
  private readonly live = new Map<number, number>();
  /** memory.buffer as of the last grow: the getter is slow on shared memories, and views are made per kernel call. */
  private currentBuffer: ArrayBufferLike;

  constructor(options: ArenaOptions = {}) {
    const initialPages = Math.max(1, Math.ceil((options.initialBytes ?? 16 << 20) / PAGE_BYTES));
    this.maximumPages = Math.min(65536, Math.ceil((options.maximumBytes ?? 1 << 30) / PAGE_BYTES));
    if (initialPages > this.maximumPages) {
      throw new RangeError(`arena: initialBytes exceeds maximumBytes (${initialPages} > ${this.maximumPages} pages)`);
    }
    this.shared = options.shared ?? sharedMemoryAvailable();
    this.memory = new WebAssembly.Memory({ initial: initialPages, maximum: this.maximumPages, shared: this.shared });
    this.currentBuffer = this.memory.buffer;
  }

  /** The memory's buffer (only this arena grows the memory, so the one cached at the last grow is current). */
  get buffer(): ArrayBufferLike {
    return this.currentBuffer;
  }

  /** Bytes currently handed out (rounded up to the alignment). */
  get bytesInUse(): number {
    let sum = 0;
    for (const size of this.live.values()) sum += size;
    return sum;
  }

  /** Current size of the memory in bytes. */
  get capacity(): number {
    return this.currentBuffer.byteLength;
  }

  /** Reserves `bytes` (> 0) and returns their 64-byte-aligned offset. The contents are undefined. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError(`arena: cannot allocate ${bytes} bytes`);
    const size = Math.ceil(bytes / ALIGN) * ALIGN;
    const index = this.freeBlocks.findIndex((block) => block.size >= size);
    let ptr: number;
    if (index >= 0) {
      const block = this.freeBlocks[index];
      ptr = block.ptr;
      if (block.size === size) this.freeBlocks.splice(index, 1);
      else this.freeBlocks[index] = { ptr: ptr + size, size: block.size - size };
    } else {
      ptr = this.top;
      this.ensureCapacity(ptr + size);
      this.top = ptr + size;
    }
    this.live.set(ptr, size);
    return ptr;
  }

  /** Returns a block from `alloc` to the arena. */
  release(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`arena: ${ptr} is not an allocated block (double free?)`);
    this.live.delete(ptr);
    let block: Block = { ptr, size };
    let at = this.freeBlocks.findIndex((b) => b.ptr > ptr);
    if (at < 0) at = this.freeBlocks.length;
    const before = this.freeBlocks[at - 1];
    if (before !== undefined && before.ptr + before.size === ptr) {
      block = { ptr: before.ptr, size: before.size + size };
      this.freeBlocks.splice(--at, 1);
    }
    const after = this.freeBlocks[at];
    if (after !== undefined && block.ptr + block.size === after.ptr) {
      block = { ptr: block.ptr, size: block.size + after.size };
      this.freeBlocks.splice(at, 1);
    }
    // A free block that ends at the top shrinks the top instead, so big temporaries do not fragment.
    if (block.ptr + block.size === this.top) this.top = block.ptr;
    else this.freeBlocks.splice(at, 0, block);
  }

  /** A fresh Float32Array over `len` floats at `ptr`: valid until the memory next grows. */
  f32(ptr: number, len: number): Float32Array {
    return new Float32Array(this.currentBuffer, ptr, len);
  }

  /** A fresh Int32Array over `len` ints at `ptr`: valid until the memory next grows. */
  i32(ptr: number, len: number): Int32Array {
    return new Int32Array(this.currentBuffer, ptr, len);
  }

  private ensureCapacity(end: number): void {
    const have = this.currentBuffer.byteLength;
    if (end <= have) return;
    const havePages = have / PAGE_BYTES;
    const needPages = Math.ceil(end / PAGE_BYTES);
    if (needPages > this.maximumPages) {
      throw new RangeError(
        `arena: out of memory: need ${end} bytes, maximum is ${this.maximumPages * PAGE_BYTES} (ArenaOptions.maximumBytes)`,
      );
    }
    // Doubling keeps the number of grows (and of stale views) logarithmic.
    const pages = Math.min(this.maximumPages, Math.max(needPages, 2 * havePages));
    this.memory.grow(pages - havePages);
    this.currentBuffer = this.memory.buffer;
  }
}
