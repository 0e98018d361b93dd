# Sieve of Eratosthenes, repeated.
def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    i = 2
    while i * i <= limit:
        if is_prime[i]:
            for multiple in range(i * i, limit + 1, i):
                is_prime[multiple] = False
        i += 1
    return [n for n in range(limit + 1) if is_prime[n]]

total = 0
for _ in range(8):
    primes = sieve(300000)
    total += len(primes)
print(total, primes[-1], sum(primes) % 1000003)
