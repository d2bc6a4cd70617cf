/* cpumask.h - the shim's cpumask family (linux/cpumask.h), included by kernel.h.
 *
 * Spec: design.md §1 (the shim: kernel names whose every effect is a machine
 * call), §2 (yield points), §6 (every shared access through the shim);
 * issue 9 (the whole family, so a reasonable stop-path patch builds).
 * NR_CPUS is 8: a mask is one word. Every read of a mask that may be shared
 * state is a yield point, as cpumask_copy() is: the operations read their
 * operands one after the other through sf_bitmap_copy() (in argument order,
 * so the schedule is the same on every compiler) and then compute locally;
 * the result is written to the destination with a plain store, as the
 * kernel's bitmap operations do. Iterators test one bit at a time.
 */
#ifndef STOPFUZZ_CPUMASK_H
#define STOPFUZZ_CPUMASK_H

#define NR_CPUS		8
#define nr_cpu_ids	NR_CPUS
typedef struct cpumask { DECLARE_BITMAP(bits, NR_CPUS); } cpumask_t;
typedef struct cpumask cpumask_var_t[1];
#define cpumask_bits(maskp)	((maskp)->bits)
#define to_cpumask(bitmap)	((struct cpumask *)(bitmap))
#define cpumask_pr_args(maskp)	nr_cpu_ids, cpumask_bits(maskp)
extern struct cpumask __cpu_online_mask;
extern struct cpumask __cpu_possible_mask;
extern atomic_t __num_online_cpus;
#define cpu_online_mask		((const struct cpumask *)&__cpu_online_mask)
#define cpu_possible_mask	((const struct cpumask *)&__cpu_possible_mask)
#define cpumask_test_cpu(cpu, m)	test_bit((cpu), cpumask_bits(m))
#define cpumask_set_cpu(cpu, m)		set_bit((cpu), cpumask_bits(m))
#define cpumask_clear_cpu(cpu, m)	clear_bit((cpu), cpumask_bits(m))
#define cpumask_test_and_set_cpu(cpu, m)	test_and_set_bit((cpu), cpumask_bits(m))
#define cpumask_test_and_clear_cpu(cpu, m)	test_and_clear_bit((cpu), cpumask_bits(m))
#define cpumask_copy(dst, src) \
	sf_bitmap_copy(SF_SITE, cpumask_bits(dst), cpumask_bits(src), NR_CPUS)
#define cpumask_empty(m) \
	({ unsigned long __sf_w[1]; \
	   if ((const volatile unsigned long *)cpumask_bits(m) != sf_fast.online_mask && sf_solo(SF_SITE)) \
		__sf_w[0] = *(const volatile unsigned long *)cpumask_bits(m); \
	   else \
		sf_bitmap_copy(SF_SITE, __sf_w, cpumask_bits(m), NR_CPUS); \
	   (__sf_w[0] & ((1UL << NR_CPUS) - 1)) == 0; })
#define cpumask_weight(m) \
	({ unsigned long __sf_w[1]; sf_bitmap_copy(SF_SITE, __sf_w, cpumask_bits(m), NR_CPUS); \
	   (unsigned int)__builtin_popcountl(__sf_w[0] & ((1UL << NR_CPUS) - 1)); })
#define cpumask_clear(m)	((m)->bits[0] = 0)
#define cpumask_or(dst, a, b) \
	({ unsigned long __sf_a[1], __sf_b[1]; \
	   sf_bitmap_copy(SF_SITE, __sf_a, cpumask_bits(a), NR_CPUS); \
	   sf_bitmap_copy(SF_SITE, __sf_b, cpumask_bits(b), NR_CPUS); \
	   (dst)->bits[0] = __sf_a[0] | __sf_b[0]; })
#define cpumask_andnot(dst, a, b) \
	({ unsigned long __sf_a[1], __sf_b[1]; \
	   sf_bitmap_copy(SF_SITE, __sf_a, cpumask_bits(a), NR_CPUS); \
	   sf_bitmap_copy(SF_SITE, __sf_b, cpumask_bits(b), NR_CPUS); \
	   (dst)->bits[0] = __sf_a[0] & ~__sf_b[0]; })
static inline const struct cpumask *sf_cpumask_of(int cpu)
{
	static struct cpumask sf_single[NR_CPUS];

	sf_single[cpu].bits[0] = 1UL << cpu;
	return &sf_single[cpu];
}
#define cpumask_of(cpu)		sf_cpumask_of(cpu)
#define for_each_cpu(cpu, mask) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) \
		if (!cpumask_test_cpu((cpu), (mask))) {} else
#define for_each_online_cpu(cpu)	for_each_cpu((cpu), cpu_online_mask)
/* atomic_read() of the counter, with the read recorded for the oracles. */
#define num_online_cpus() \
	((unsigned int)(sf_solo(SF_SITE) ? \
			(sf_fast.counter_read[sf_fast.cpu] = __num_online_cpus.counter) : \
			sf_atomic(SF_SITE, SF_ATOMIC_READ, &__num_online_cpus.counter, 0)))
#define num_possible_cpus()	((unsigned int)NR_CPUS)
#define cpu_online(cpu)		cpumask_test_cpu((cpu), cpu_online_mask)
void set_cpu_online(unsigned int cpu, bool online);

/* ---- the rest of the family ----------------------------------------------- */
#define nr_cpumask_bits		NR_CPUS
#define SF_CPUMASK_ALL		((1UL << NR_CPUS) - 1)
/* Present CPUs are the possible ones (the machine models no hot-add). */
#define cpu_present_mask	cpu_possible_mask
#define cpu_present(cpu)	cpumask_test_cpu((cpu), cpu_present_mask)
#define cpu_possible(cpu)	cpumask_test_cpu((cpu), cpu_possible_mask)
#define num_present_cpus()	num_possible_cpus()

/* One read of a mask: a yield point (sf_bitmap_copy()). */
static inline unsigned long sf_cpumask_read(const struct sf_site *s, const struct cpumask *m)
{
	unsigned long w[1];

	sf_bitmap_copy(s, w, cpumask_bits(m), NR_CPUS);
	return w[0] & SF_CPUMASK_ALL;
}
/* The result into dst (a plain store); true if it is not empty. */
static inline bool sf_cpumask_write(struct cpumask *dst, unsigned long v)
{
	dst->bits[0] = v;
	return v != 0;
}
static inline unsigned int sf_cpumask_first_from(unsigned long w, int n)
{
	w = n + 1 >= NR_CPUS ? 0 : w & (SF_CPUMASK_ALL << (n + 1));
	return w ? (unsigned int)__builtin_ctzl(w) : nr_cpu_ids;
}

#define cpumask_and(dst, a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   unsigned long __sf_b = sf_cpumask_read(SF_SITE, (b)); \
	   sf_cpumask_write((dst), __sf_a & __sf_b); })
#define cpumask_xor(dst, a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   unsigned long __sf_b = sf_cpumask_read(SF_SITE, (b)); \
	   (void)sf_cpumask_write((dst), __sf_a ^ __sf_b); })
#define cpumask_complement(dst, a) \
	((void)sf_cpumask_write((dst), ~sf_cpumask_read(SF_SITE, (a)) & SF_CPUMASK_ALL))
#define cpumask_setall(m)	((void)sf_cpumask_write((m), SF_CPUMASK_ALL))
#define cpumask_full(m)		(sf_cpumask_read(SF_SITE, (m)) == SF_CPUMASK_ALL)
#define cpumask_equal(a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   __sf_a == sf_cpumask_read(SF_SITE, (b)); })
#define cpumask_subset(a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   (__sf_a & ~sf_cpumask_read(SF_SITE, (b))) == 0; })
#define cpumask_intersects(a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   (__sf_a & sf_cpumask_read(SF_SITE, (b))) != 0; })
#define cpumask_weight_and(a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   (unsigned int)__builtin_popcountl(__sf_a & sf_cpumask_read(SF_SITE, (b))); })
#define cpumask_first(m)	sf_cpumask_first_from(sf_cpumask_read(SF_SITE, (m)), -1)
#define cpumask_next(n, m)	sf_cpumask_first_from(sf_cpumask_read(SF_SITE, (m)), (int)(n))
#define cpumask_last(m) \
	({ unsigned long __sf_w = sf_cpumask_read(SF_SITE, (m)); \
	   __sf_w ? (unsigned int)(63 - __builtin_clzl(__sf_w)) : nr_cpu_ids; })
#define cpumask_first_and(a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   sf_cpumask_first_from(__sf_a & sf_cpumask_read(SF_SITE, (b)), -1); })
#define cpumask_next_and(n, a, b) \
	({ unsigned long __sf_a = sf_cpumask_read(SF_SITE, (a)); \
	   sf_cpumask_first_from(__sf_a & sf_cpumask_read(SF_SITE, (b)), (int)(n)); })
#define cpumask_any(m)		cpumask_first(m)
#define cpumask_any_and(a, b)	cpumask_first_and(a, b)
#define cpumask_any_but(m, cpu) \
	({ unsigned long __sf_w = sf_cpumask_read(SF_SITE, (m)) & ~(1UL << (cpu)); \
	   sf_cpumask_first_from(__sf_w, -1); })

#define for_each_cpu_and(cpu, a, b) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) \
		if (!(cpumask_test_cpu((cpu), (a)) && cpumask_test_cpu((cpu), (b)))) {} else
#define for_each_cpu_andnot(cpu, a, b) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) \
		if (!(cpumask_test_cpu((cpu), (a)) && !cpumask_test_cpu((cpu), (b)))) {} else
#define for_each_possible_cpu(cpu)	for_each_cpu((cpu), cpu_possible_mask)
#define for_each_present_cpu(cpu)	for_each_cpu((cpu), cpu_present_mask)

/* cpumask_var_t is an array of one mask (CONFIG_CPUMASK_OFFSTACK off). */
#define alloc_cpumask_var(m, gfp)	(true)
#define zalloc_cpumask_var(m, gfp)	(cpumask_clear(*(m)), true)
#define free_cpumask_var(m)		do { } while (0)

#endif /* STOPFUZZ_CPUMASK_H */
