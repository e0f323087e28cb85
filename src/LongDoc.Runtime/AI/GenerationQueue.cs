using System.Runtime.CompilerServices;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.AI;

/// <summary>
/// One generation at a time per loaded model, callers served in arrival order. The model's KV cache is the state of
/// a generation, so two callers on one model must never interleave. SemaphoreSlim does not promise FIFO order, so
/// the waiters are kept in a linked list; a caller cancelled while waiting leaves the list and never runs.
/// </summary>
public sealed class GenerationQueue
{
    static readonly ConditionalWeakTable<ILanguageModel, GenerationQueue> PerModel = new();

    readonly object _gate = new();
    readonly LinkedList<TaskCompletionSource> _waiting = new();
    bool _busy;

    /// <summary>The queue shared by every client of <paramref name="model"/>.</summary>
    public static GenerationQueue For(ILanguageModel model) => PerModel.GetValue(model, _ => new GenerationQueue());

    /// <summary>Callers waiting behind the one that runs (for tests and status lines).</summary>
    public int Waiting { get { lock (_gate) return _waiting.Count; } }

    /// <summary>Waits for this caller's turn; dispose the result to let the next one run.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_busy) { _busy = true; return new Turn(this); }
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(turn);
        }
        using (cancellationToken.Register(() => Abandon(node)))
            await turn.Task.ConfigureAwait(false);
        return new Turn(this);
    }

    // A cancelled waiter leaves the line; if the turn was already handed to it, it is passed on.
    void Abandon(LinkedListNode<TaskCompletionSource> node)
    {
        lock (_gate)
        {
            if (node.List is null) return; // already given the turn: the caller owns it and releases it
            _waiting.Remove(node);
        }
        node.Value.TrySetCanceled();
    }

    void Release()
    {
        TaskCompletionSource? next = null;
        lock (_gate)
        {
            if (_waiting.First is { } first) { _waiting.RemoveFirst(); next = first.Value; }
            else _busy = false;
        }
        next?.TrySetResult();
    }

    sealed class Turn(GenerationQueue queue) : IDisposable
    {
        int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) queue.Release();
        }
    }
}
