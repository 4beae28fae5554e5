namespace CanvasData2.Infra.Tests.Support;

/// <summary>
/// Evaluates the small subset of ARM template expressions a deployment condition uses here:
/// <c>or</c>, <c>and</c>, <c>not</c>, <c>empty</c>, <c>parameters('name')</c> and string literals. Anything else
/// fails the test, so a condition the evaluator does not understand is never taken for true or false.
/// </summary>
internal sealed class ArmCondition(IReadOnlyDictionary<string, string> parameters)
{
    private string _text = "";
    private int _at;

    public bool Evaluate(string condition)
    {
        Assert.StartsWith("[", condition, StringComparison.Ordinal);
        Assert.EndsWith("]", condition, StringComparison.Ordinal);
        _text = condition[1..^1];
        _at = 0;
        var value = Expression();
        Assert.Equal(_text.Length, _at);
        return Assert.IsType<bool>(value);
    }

    private object Expression()
    {
        if (_text[_at] == '\'')
        {
            var end = _text.IndexOf('\'', _at + 1);
            var literal = _text[(_at + 1)..end];
            _at = end + 1;
            return literal;
        }

        var open = _text.IndexOf('(', _at);
        var name = _text[_at..open];
        _at = open + 1;
        var arguments = new List<object>();
        while (_text[_at] != ')')
        {
            arguments.Add(Expression());
            if (_text[_at] == ',')
            {
                _at++;
                while (_text[_at] == ' ')
                {
                    _at++;
                }
            }
        }

        _at++;
        return name switch
        {
            "or" => arguments.Cast<bool>().Any(b => b),
            "and" => arguments.Cast<bool>().All(b => b),
            "not" => !(bool)Assert.Single(arguments),
            "empty" => string.IsNullOrEmpty((string)Assert.Single(arguments)),
            "parameters" => parameters.TryGetValue((string)Assert.Single(arguments), out var value) ? value : "",
            _ => throw new InvalidOperationException($"ARM function '{name}' is not supported by this evaluator."),
        };
    }
}
