import unittest

from calc import average, spread


class CalcTests(unittest.TestCase):
    def test_average_of_three_numbers(self):
        self.assertEqual(average([2, 4, 6]), 4)

    def test_average_of_one_number(self):
        self.assertEqual(average([5]), 5)

    def test_spread(self):
        self.assertEqual(spread([3, 9, 1]), 8)


if __name__ == "__main__":
    unittest.main()
