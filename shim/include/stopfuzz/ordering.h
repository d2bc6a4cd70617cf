/* ordering.h - the kernel's ordering and locking API beyond kernel.h, as arm64 implements it.
 *
 * Spec: issue 11 (the litmus mode: the kernel's C litmus tests compile
 * against the shim), docs/memory_model.md M9, M13, M14;
 * tools/memory-model/linux-kernel.def (the primitives LKMM knows) and
 * Documentation/atomic_t.txt (their ordering). For code that has no
 * core/include/core.h: the litmus processes (cli/litmus, harness/litmus).
 * Every name maps to one machine call of machine_api.h:
 *  - smp_load_acquire()/smp_store_release(): LDAR/STLR (sf_load_acquire,
 *    sf_store_release);
 *  - xchg/cmpxchg and the atomic_t read-modify-writes, with their _relaxed,
 *    _acquire and _release variants: sf_rmw() with enum sf_order; the
 *    value-returning ones without a suffix are fully ordered, the void ones
 *    (atomic_add(), atomic_or(), ...) relaxed; a failed cmpxchg orders nothing;
 *  - smp_mb__before_atomic(), smp_mb__after_atomic() and
 *    smp_mb__after_spinlock(): smp_mb(), as arm64 defines them;
 *  - spinlock_t: the machine's spinlock (sf_spin_lock: an acquire that
 *    blocks while the lock is held; sf_spin_unlock: a release);
 *    spin_is_locked() a READ_ONCE() of the lock word.
 */
#ifndef STOPFUZZ_ORDERING_H
#define STOPFUZZ_ORDERING_H

#include "stopfuzz/kernel.h"

#define smp_load_acquire(p) \
	((__typeof__(*(p)))sf_load_acquire(SF_SITE, (p), sizeof(*(p))))
#define smp_store_release(p, v) \
	sf_store_release(SF_SITE, (p), sizeof(*(p)), (unsigned long)(v))
#define smp_mb__before_atomic()		smp_mb()
#define smp_mb__after_atomic()		smp_mb()
#define smp_mb__after_spinlock()	smp_mb()

/* One read-modify-write: returns the old value of *p. */
#define __sf_rmw(op, ord, p, a, b) \
	((__typeof__(*(p)))sf_rmw(SF_SITE, (op), (ord), (p), sizeof(*(p)), (long)(a), (long)(b)))

#define xchg(p, v)		__sf_rmw(SF_RMW_XCHG, SF_ORDER_FULL, p, v, 0)
#define xchg_relaxed(p, v)	__sf_rmw(SF_RMW_XCHG, SF_ORDER_RELAXED, p, v, 0)
#define xchg_acquire(p, v)	__sf_rmw(SF_RMW_XCHG, SF_ORDER_ACQUIRE, p, v, 0)
#define xchg_release(p, v)	__sf_rmw(SF_RMW_XCHG, SF_ORDER_RELEASE, p, v, 0)
#define cmpxchg(p, o, n)		__sf_rmw(SF_RMW_CMPXCHG, SF_ORDER_FULL, p, o, n)
#define cmpxchg_relaxed(p, o, n)	__sf_rmw(SF_RMW_CMPXCHG, SF_ORDER_RELAXED, p, o, n)
#define cmpxchg_acquire(p, o, n)	__sf_rmw(SF_RMW_CMPXCHG, SF_ORDER_ACQUIRE, p, o, n)
#define cmpxchg_release(p, o, n)	__sf_rmw(SF_RMW_CMPXCHG, SF_ORDER_RELEASE, p, o, n)

/* atomic_t beyond kernel.h (which has atomic_read/set, atomic_inc/dec,
 * atomic_inc/dec_return, atomic_cmpxchg and atomic_try_cmpxchg). */
#define __sf_atomic(op, ord, v, a, b)	__sf_rmw(op, ord, &(v)->counter, a, b)
#define atomic_add(i, v)		((void)__sf_atomic(SF_RMW_ADD, SF_ORDER_RELAXED, v, i, 0))
#define atomic_sub(i, v)		((void)__sf_atomic(SF_RMW_ADD, SF_ORDER_RELAXED, v, -(i), 0))
#define atomic_and(i, v)		((void)__sf_atomic(SF_RMW_AND, SF_ORDER_RELAXED, v, i, 0))
#define atomic_or(i, v)			((void)__sf_atomic(SF_RMW_OR, SF_ORDER_RELAXED, v, i, 0))
#define atomic_xor(i, v)		((void)__sf_atomic(SF_RMW_XOR, SF_ORDER_RELAXED, v, i, 0))
#define atomic_andnot(i, v)		((void)__sf_atomic(SF_RMW_ANDNOT, SF_ORDER_RELAXED, v, i, 0))
#define atomic_fetch_add(i, v)		__sf_atomic(SF_RMW_ADD, SF_ORDER_FULL, v, i, 0)
#define atomic_fetch_add_relaxed(i, v)	__sf_atomic(SF_RMW_ADD, SF_ORDER_RELAXED, v, i, 0)
#define atomic_fetch_add_acquire(i, v)	__sf_atomic(SF_RMW_ADD, SF_ORDER_ACQUIRE, v, i, 0)
#define atomic_fetch_add_release(i, v)	__sf_atomic(SF_RMW_ADD, SF_ORDER_RELEASE, v, i, 0)
#define atomic_fetch_sub(i, v)		atomic_fetch_add(-(i), v)
#define atomic_fetch_sub_relaxed(i, v)	atomic_fetch_add_relaxed(-(i), v)
#define atomic_fetch_sub_acquire(i, v)	atomic_fetch_add_acquire(-(i), v)
#define atomic_fetch_sub_release(i, v)	atomic_fetch_add_release(-(i), v)
#define atomic_fetch_and(i, v)		__sf_atomic(SF_RMW_AND, SF_ORDER_FULL, v, i, 0)
#define atomic_fetch_or(i, v)		__sf_atomic(SF_RMW_OR, SF_ORDER_FULL, v, i, 0)
#define atomic_fetch_xor(i, v)		__sf_atomic(SF_RMW_XOR, SF_ORDER_FULL, v, i, 0)
#define atomic_fetch_andnot(i, v)	__sf_atomic(SF_RMW_ANDNOT, SF_ORDER_FULL, v, i, 0)
#define atomic_add_return(i, v)		(atomic_fetch_add(i, v) + (i))
#define atomic_add_return_relaxed(i, v)	(atomic_fetch_add_relaxed(i, v) + (i))
#define atomic_add_return_acquire(i, v)	(atomic_fetch_add_acquire(i, v) + (i))
#define atomic_add_return_release(i, v)	(atomic_fetch_add_release(i, v) + (i))
#define atomic_sub_return(i, v)		atomic_add_return(-(i), v)
#define atomic_sub_return_relaxed(i, v)	atomic_add_return_relaxed(-(i), v)
#define atomic_sub_return_acquire(i, v)	atomic_add_return_acquire(-(i), v)
#define atomic_sub_return_release(i, v)	atomic_add_return_release(-(i), v)
#define atomic_inc_return_relaxed(v)	atomic_add_return_relaxed(1, v)
#define atomic_inc_return_acquire(v)	atomic_add_return_acquire(1, v)
#define atomic_inc_return_release(v)	atomic_add_return_release(1, v)
#define atomic_dec_return_relaxed(v)	atomic_add_return_relaxed(-1, v)
#define atomic_dec_return_acquire(v)	atomic_add_return_acquire(-1, v)
#define atomic_dec_return_release(v)	atomic_add_return_release(-1, v)
#define atomic_fetch_inc(v)		atomic_fetch_add(1, v)
#define atomic_fetch_dec(v)		atomic_fetch_add(-1, v)
#define atomic_sub_and_test(i, v)	(atomic_sub_return(i, v) == 0)
#define atomic_dec_and_test(v)		(atomic_sub_return(1, v) == 0)
#define atomic_inc_and_test(v)		(atomic_add_return(1, v) == 0)
#define atomic_xchg(v, i)		__sf_atomic(SF_RMW_XCHG, SF_ORDER_FULL, v, i, 0)
#define atomic_xchg_relaxed(v, i)	__sf_atomic(SF_RMW_XCHG, SF_ORDER_RELAXED, v, i, 0)
#define atomic_xchg_acquire(v, i)	__sf_atomic(SF_RMW_XCHG, SF_ORDER_ACQUIRE, v, i, 0)
#define atomic_xchg_release(v, i)	__sf_atomic(SF_RMW_XCHG, SF_ORDER_RELEASE, v, i, 0)
#define atomic_cmpxchg_relaxed(v, o, n)	__sf_atomic(SF_RMW_CMPXCHG, SF_ORDER_RELAXED, v, o, n)
#define atomic_cmpxchg_acquire(v, o, n)	__sf_atomic(SF_RMW_CMPXCHG, SF_ORDER_ACQUIRE, v, o, n)
#define atomic_cmpxchg_release(v, o, n)	__sf_atomic(SF_RMW_CMPXCHG, SF_ORDER_RELEASE, v, o, n)
/* Fully ordered when it adds; a read that orders nothing when it does not. */
#define atomic_fetch_add_unless(v, a, u) __sf_atomic(SF_RMW_ADD_UNLESS, SF_ORDER_FULL, v, a, u)
#define atomic_add_unless(v, a, u)	(atomic_fetch_add_unless(v, a, u) != (u))
#define atomic_inc_not_zero(v)		atomic_add_unless(v, 1, 0)
#define atomic_read_acquire(v)		smp_load_acquire(&(v)->counter)
#define atomic_set_release(v, i)	smp_store_release(&(v)->counter, (i))

/* spinlock_t: the machine's lock (its word is plain memory, see M9). */
typedef struct {
	int locked;
} spinlock_t;
#define DEFINE_SPINLOCK(x)	spinlock_t x = { 0 }
#define spin_lock_init(l)	((l)->locked = 0)
#define spin_lock(l)		sf_spin_lock(SF_SITE, &(l)->locked)
#define spin_unlock(l)		sf_spin_unlock(SF_SITE, &(l)->locked)
#define spin_is_locked(l)	(READ_ONCE((l)->locked) != 0)

#endif /* STOPFUZZ_ORDERING_H */
